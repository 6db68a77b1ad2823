/** Offer text as a file download, without any request leaving the page. */
export function downloadText(fileName: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoke later: some browsers read the blob after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A date stamp for file names: 2026-03-25. */
export function dateStamp(d = new Date()): string {
  return d.toISOString().slice(0, 10);
}
