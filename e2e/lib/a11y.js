// axe-core accessibility check with a failure message a human can act on
// (axe's raw result objects are too large to read in an assertion diff).
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export async function expectNoAxeViolations(page, label = page.url()) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const violations = results.violations;
  if (violations.length === 0) return results;

  const lines = violations.map((v) => {
    const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' '));
    const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
    return `  - ${v.id} [${v.impact}] ${v.help}\n      at: ${targets.join(' | ')}${more}\n      ${v.helpUrl}`;
  });
  throw new assert.AssertionError({
    message: `axe: ${violations.length} violation(s) on ${label}:\n${lines.join('\n')}`,
    actual: violations.map((v) => v.id),
    expected: [],
    operator: 'expectNoAxeViolations',
  });
}
