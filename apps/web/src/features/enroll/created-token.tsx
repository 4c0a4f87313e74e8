/** A join token just created: the command to run on the machine, shown this once. */
import { CopyField } from '../../ui/copy-field';
import { formatLabels } from './join-tokens-table';
import type { CreatedJoinToken } from './enroll-api';

export interface CreatedTokenProps {
  token: CreatedJoinToken;
  onDismiss: () => void;
}

export function CreatedToken({ token, onDismiss }: CreatedTokenProps) {
  const labels = formatLabels(token.labels);
  return (
    <section class="panel console-form created-token" aria-label="New join token" data-testid="created-token">
      <h2>
        Join token <code>{token.id}</code> created
      </h2>
      <p class="muted">
        Run this on the machine to join{labels === '' ? '' : ` (it gets ${labels})`}. The token is shown only
        now.
      </p>
      <CopyField value={token.joinCommand} label="Join command" testId="join-command" />
      <p class="muted console-form__hint">
        Add <code>--data DIR</code> and <code>--config FILE</code> to choose where the credential and config
        go, <code>--name NODE</code> to use another name than the hostname, then start it with{' '}
        <code>seahawks harvester run --config FILE</code>.
      </p>
      <div class="console-form__actions">
        <button type="button" class="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </section>
  );
}
