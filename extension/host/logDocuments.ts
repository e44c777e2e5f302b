import * as vscode from 'vscode';

/** File names Logscope treats as logs (besides documents VS Code already calls "log"). */
const LOG_NAME = /(\.log(\.\d+)?|\.jsonl|^syslog(\.\d+)?|^messages(\.\d+)?|^access_log(\.\d+)?|^error_log(\.\d+)?)$/i;

export function isLogUri(uri: vscode.Uri): boolean {
  const name = uri.path.split('/').pop() ?? '';
  return LOG_NAME.test(name);
}

export function isLogDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'log' || isLogUri(document.uri);
}
