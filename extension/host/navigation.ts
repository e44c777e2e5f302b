import * as vscode from 'vscode';
import type { RecordFilterSpec } from '../engine/recordFilter';
import type { AnalysisClient } from './analysisClient';
import { isLogDocument } from './logDocuments';
import { readSettings } from './settings';

type Direction = 1 | -1;

/** Record starts (1-based) per document version and query, so repeated jumps are instant. */
interface CachedStarts {
  readonly key: string;
  readonly starts: readonly number[];
}

/** Next/previous error and next/previous occurrence of the template under the cursor. */
export class RecordNavigator {
  private cache: CachedStarts | null = null;

  constructor(private readonly client: AnalysisClient) {}

  nextError(direction: Direction): Promise<void> {
    return this.jump(direction, { levels: ['error', 'fatal'] }, 'errors');
  }

  nextOccurrence(direction: Direction): Promise<void> {
    const line = vscode.window.activeTextEditor?.selection.active.line;
    if (line === undefined) return Promise.resolve();
    return this.jump(direction, { likeLine: line + 1 }, 'other occurrences of this template');
  }

  private async jump(direction: Direction, spec: RecordFilterSpec, what: string): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (editor === undefined || !isLogDocument(editor.document)) {
      void vscode.window.showInformationMessage('Logscope: open a log file first.');
      return;
    }
    const document = editor.document;
    const options = readSettings().analysis;
    // Occurrence queries depend on the anchor's template, not its line: key on the template's records.
    // The settings are in the key too: new level keywords change which records are errors.
    const key = `${document.uri.toString()}@${document.version}:${JSON.stringify(spec)}:${JSON.stringify(options)}`;
    let starts = this.cache?.key === key ? this.cache.starts : null;
    if (starts === null) {
      const { found } = await this.client.findRecords({ kind: 'text', text: document.getText(), name: document.uri.path }, spec, 5_000_000, options);
      starts = found.spans.map(([start]) => start);
      this.cache = spec.likeLine === undefined ? { key, starts } : null;
    }
    if (starts.length === 0) {
      vscode.window.setStatusBarMessage(`Logscope: no ${what} in this log`, 3000);
      return;
    }
    const current = editor.selection.active.line + 1;
    const target =
      direction === 1
        ? (starts.find((line) => line > current) ?? starts[0]!)
        : ([...starts].reverse().find((line) => line < current) ?? starts[starts.length - 1]!);
    const position = new vscode.Position(target - 1, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    const index = starts.indexOf(target) + 1;
    vscode.window.setStatusBarMessage(`Logscope: ${index} of ${starts.length} ${what === 'errors' ? 'errors' : 'occurrences'}`, 3000);
  }
}
