/** The sandbox worker's script as one classic-script text (see src/build/sandbox-worker-source.mjs). */
declare module 'virtual:quantcourse/sandbox-worker' {
  const source: string;
  export default source;
}
