/** The form that creates a join token: lifetime, uses, team, labels, description. */
import { useState } from 'preact/hooks';
import { Message } from '../../ui/message';
import { errorText } from '../admin/format';
import { createJoinToken, type CreatedJoinToken } from './enroll-api';
import { parseLabelText } from './label-text';

export interface TokenFormProps {
  /** Teams the user may enroll into; `null` for admins (any team, or none). */
  teams: readonly string[] | null;
  onCreated: (token: CreatedJoinToken) => void;
}

const TTLS: ReadonlyArray<[string, string]> = [
  ['1h', '1 hour'],
  ['24h', '24 hours'],
  ['7d', '7 days'],
  ['30d', '30 days'],
  ['0', 'never expires'],
];

export function TokenForm({ teams, onCreated }: TokenFormProps) {
  const fixedTeams = teams?.filter((t) => t !== '*') ?? null;
  const anyTeam = teams === null || teams.includes('*');
  const [ttl, setTtl] = useState('24h');
  const [uses, setUses] = useState('1');
  const [team, setTeam] = useState(fixedTeams?.[0] ?? '');
  const [labels, setLabels] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const parsed = parseLabelText(labels);

  const submit = async (): Promise<void> => {
    if (!parsed.ok) return;
    setBusy(true);
    setError(null);
    try {
      onCreated(
        await createJoinToken({
          ttl,
          uses: Number(uses),
          team: team.trim(),
          labels: parsed.labels,
          description,
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="panel console-form"
      aria-label="Create a join token"
      data-testid="join-token-form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Create a join token</h2>
      <div class="form-grid">
        <label class="field">
          <span class="field__label">Expires</span>
          <select class="input" name="ttl" value={ttl} onChange={(e) => setTtl(e.currentTarget.value)}>
            {TTLS.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span class="field__label">Machines (uses, 0 = unlimited)</span>
          <input
            class="input"
            name="uses"
            type="number"
            min={0}
            max={1000000}
            required
            value={uses}
            onInput={(e) => setUses(e.currentTarget.value)}
          />
        </label>
        <label class="field">
          <span class="field__label">Team</span>
          {anyTeam ? (
            <input
              class="input"
              name="team"
              placeholder={teams === null ? 'none: admins only see it' : 'required'}
              required={teams !== null}
              value={team}
              onInput={(e) => setTeam(e.currentTarget.value)}
            />
          ) : (
            <select class="input" name="team" value={team} onChange={(e) => setTeam(e.currentTarget.value)}>
              {(fixedTeams ?? []).map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          )}
        </label>
        <label class="field">
          <span class="field__label">Other labels</span>
          <input
            class="input"
            name="labels"
            placeholder="site=lab, rack=r4"
            aria-invalid={!parsed.ok}
            value={labels}
            onInput={(e) => setLabels(e.currentTarget.value)}
          />
        </label>
        <label class="field form-grid__wide">
          <span class="field__label">Description</span>
          <input
            class="input"
            name="description"
            maxLength={256}
            placeholder="what the token is for"
            value={description}
            onInput={(e) => setDescription(e.currentTarget.value)}
          />
        </label>
      </div>
      {!parsed.ok && <Message kind="error">labels: {parsed.error}</Message>}
      {error && <Message kind="error">{error}</Message>}
      <p class="muted console-form__hint">
        The token’s labels win over the machine’s own, so every machine joining with it lands in this team.
      </p>
      <div class="console-form__actions">
        <button type="submit" class="button button--primary" disabled={busy || !parsed.ok}>
          {busy ? 'Creating…' : 'Create token'}
        </button>
      </div>
    </form>
  );
}
