/** The contract between a lesson page and a widget module (src/widgets/<name>/index.ts). */

/**
 * A widget module's default export: draw the widget into `root` (empty, inside the page's
 * <figure>) with the props the lesson gave <Widget name="…" …props />. It may return a cleanup.
 */
export type MountWidget = (root: HTMLElement, props: Record<string, unknown>) => void | (() => void);

/** What `import('./<name>/index.ts')` yields. */
export interface WidgetModule {
  default: MountWidget;
}
