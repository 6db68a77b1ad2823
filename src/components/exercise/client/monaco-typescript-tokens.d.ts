// Monaco ships no declarations for its TypeScript highlighting module (its own register module
// loads it lazily); monaco.ts imports it directly.
declare module 'monaco-editor/languages/definitions/typescript/typescript' {
  import type { languages } from 'monaco-editor';
  export const conf: languages.LanguageConfiguration;
  export const language: languages.IMonarchLanguage;
}
