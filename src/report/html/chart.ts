/** What every chart function returns: the standalone SVG and a caption for the page. */
export interface Chart {
  /** File-name-safe and unique within a report: charts/<name>.svg. */
  name: string;
  title: string;
  svg: string;
  /** One or two sentences under the chart: how to read it, and what was left out. */
  caption: string;
}

/** What the charts know about the run besides its summary. */
export interface ChartContext {
  /** Scenario start date (YYYY-MM-DD) when the manifest gives one. */
  start?: string;
}

/** A name safe in a file name and an id: lower case, dashes. */
export function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'chart'
  );
}
