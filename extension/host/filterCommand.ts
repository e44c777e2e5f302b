import * as vscode from 'vscode';
import type { RecordFilterSpec } from '../engine/recordFilter';
import type { Summary } from '../engine/summary';
import { describeFilter } from './filterDocuments';

interface FilterPick extends vscode.QuickPickItem {
  readonly apply: (spec: RecordFilterSpec) => RecordFilterSpec | Promise<RecordFilterSpec | undefined>;
}

/**
 * "Logscope: Filter…": builds a filter step by step from what the log contains, starting from
 * the current filter when the active editor is already a filtered view (filters compose).
 */
export async function pickFilter(summary: Summary | null, base: RecordFilterSpec = {}): Promise<RecordFilterSpec | undefined> {
  const picks: FilterPick[] = [
    { label: '$(error) Errors and fatal', apply: (s) => ({ ...s, levels: ['error', 'fatal'] }) },
    { label: '$(warning) Warnings', apply: (s) => ({ ...s, levels: ['warn'] }) },
    { label: '$(list-filter) Errors and warnings', apply: (s) => ({ ...s, levels: ['fatal', 'error', 'warn'] }) },
    {
      label: '$(search) Containing text…',
      apply: async (s) => {
        const text = await vscode.window.showInputBox({ prompt: 'Show records whose first line contains (case-insensitive)', value: s.contains ?? '' });
        return text === undefined ? undefined : { ...s, contains: text };
      },
    },
  ];
  if (summary !== null) {
    const templates = summary.templates.filter((t) => t.level === 'error' || t.level === 'fatal' || t.level === 'warn').slice(0, 30);
    if (templates.length > 0) picks.push({ label: 'Templates', kind: vscode.QuickPickItemKind.Separator, apply: (s) => s });
    for (const t of templates) {
      picks.push({
        label: t.template.length > 100 ? t.template.slice(0, 100) + '…' : t.template,
        description: `${t.level} · ${t.count}`,
        apply: (s) => ({ ...s, template: { text: t.template, level: t.level } }),
      });
    }
    const hosts = summary.hosts.filter((h) => h.errors > 0).slice(0, 30);
    if (summary.hosts.length > 1 && hosts.length > 0) {
      picks.push({ label: 'Hosts', kind: vscode.QuickPickItemKind.Separator, apply: (s) => s });
      for (const h of hosts) picks.push({ label: `$(server) ${h.name}`, description: `${h.errors} errors`, apply: (s) => ({ ...s, host: h.name }) });
    }
  }
  if (Object.keys(base).length > 0) {
    picks.unshift({ label: '$(close) Clear the current filter', apply: () => ({}) });
  }
  const chosen = await vscode.window.showQuickPick(picks, {
    title: 'Logscope: Filter',
    placeHolder: Object.keys(base).length > 0 ? `Current: ${describeFilter(base)} — add a criterion` : 'Show only the records that…',
    matchOnDescription: true,
  });
  return chosen === undefined ? undefined : chosen.apply(base);
}
