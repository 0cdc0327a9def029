/**
 * A small hand-checked topology for tests (not taken from any other tool):
 *
 *        100 ===== 200          tier 1 (peers)
 *       /   \     /   \
 *     10     20 ====== 30       transit (20 and 30 peer)
 *    /  \   /  \        \
 *   1    2      3        4      stubs (1 and 3 peer)
 *
 * Lines are provider above customer. The expected RIBs in the tests were worked out
 * by hand from the Gao-Rexford rules.
 */
export const FIXTURE_AS_REL = [
  '# hand-made fixture',
  '100|10|-1',
  '100|20|-1',
  '200|20|-1',
  '200|30|-1',
  '10|1|-1',
  '10|2|-1',
  '20|2|-1',
  '20|3|-1',
  '30|4|-1',
  '100|200|0',
  '20|30|0',
  '1|3|0',
].join('\n');
