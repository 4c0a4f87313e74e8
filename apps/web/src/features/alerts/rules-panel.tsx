/** Rule groups with each rule's state, health and last error; rule files, editable by admins. */
import { useState } from 'preact/hooks';
import { ApiError } from '../../lib/api-client';
import { Message } from '../../ui/message';
import { saveRuleFile } from './alerts-api';
import type { RuleFile, RuleFileProblem, RulesAnswer } from './alerts-api';

export function RulesPanel({ rules, onSaved }: { rules: RulesAnswer; onSaved: () => void }) {
  return (
    <div class="rules-panel">
      {rules.groups.map((g) => (
        <section class="panel rules-group" key={`${g.file}/${g.name}`}>
          <h2>
            {g.name}{' '}
            <span class="muted">
              · {g.file} · every {g.interval} s
            </span>
          </h2>
          <table class="alerts-table" data-testid="rules-table">
            <tbody>
              {g.rules.map((r) => (
                <tr key={r.name} data-testid="rule-row" data-health={r.health}>
                  <td>
                    <span
                      class={`alert-state alert-state--${r.type === 'recording' ? 'record' : (r.state ?? 'inactive')}`}
                    >
                      {r.type === 'recording' ? 'record' : r.state}
                    </span>
                  </td>
                  <td class="alerts-table__name">{r.name}</td>
                  <td class="mono rules-group__query">{r.query}</td>
                  <td class="nowrap">{r.duration ? `for ${r.duration} s` : ''}</td>
                  <td>
                    <span
                      class={`pill ${r.health === 'ok' ? 'pill--online' : r.health === 'err' ? 'pill--offline' : ''}`}
                    >
                      {r.health}
                    </span>
                    {r.lastError && <div class="rules-group__error">{r.lastError}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ))}
      <h2>Rule files</h2>
      {rules.files.map((f) => (
        <FileEditor key={f.name} file={f} canEdit={rules.canEdit && f.editable} onSaved={onSaved} />
      ))}
      {rules.canEdit && (
        <FileEditor
          file={{
            name: '',
            origin: 'ui',
            editable: true,
            text: 'groups:\n  - name: my-rules\n    rules: []\n',
            problems: [],
          }}
          canEdit
          onSaved={onSaved}
        />
      )}
    </div>
  );
}

function FileEditor({ file, canEdit, onSaved }: { file: RuleFile; canEdit: boolean; onSaved: () => void }) {
  const [open, setOpen] = useState(file.problems.length > 0);
  const [name, setName] = useState(file.name);
  const [text, setText] = useState(file.rejectedText ?? file.text);
  const [problems, setProblems] = useState<RuleFileProblem[]>(file.problems);
  const [error, setError] = useState<string | null>(null);
  const save = async (): Promise<void> => {
    setError(null);
    try {
      await saveRuleFile(name, text);
      setProblems([]);
      onSaved();
    } catch (err) {
      const body = err instanceof ApiError ? (err.body as { problems?: RuleFileProblem[] } | null) : null;
      setProblems(body?.problems ?? []);
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <details class="panel rule-file" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        {file.name === '' ? 'New rule file…' : file.name} <span class="muted">({file.origin})</span>
        {problems.length > 0 && <span class="pill pill--offline"> {problems.length} problem(s)</span>}
      </summary>
      {file.name === '' && (
        <input
          class="input"
          placeholder="name.yml"
          value={name}
          onInput={(e) => setName(e.currentTarget.value)}
        />
      )}
      <textarea
        class="rule-file__text mono"
        rows={14}
        readOnly={!canEdit}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        spellcheck={false}
      />
      {problems.length > 0 && (
        <ul class="rule-file__problems" data-testid="rule-problems">
          {problems.map((p, i) => (
            <li key={i}>{p.message}</li>
          ))}
        </ul>
      )}
      {error && <Message kind="error">{error}</Message>}
      {canEdit && (
        <button type="button" class="button button--primary" onClick={() => void save()}>
          Validate and save
        </button>
      )}
    </details>
  );
}
