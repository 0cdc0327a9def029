/**
 * Text from result files (scenario, site and link names) goes into HTML and SVG; it is
 * escaped so that a name like `a<b` shows as written and can never open a tag.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Safe in element content and in double- or single-quoted attribute values, in HTML and XML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
