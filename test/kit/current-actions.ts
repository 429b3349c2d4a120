/**
 * The current major version of every third-party action the example workflows and this
 * repository's own workflows use (checked against each action's releases in December 2026).
 * Dependabot proposes the next one for .github/; update this table and the examples with it.
 */
export const CURRENT_MAJOR: Record<string, string> = {
  'actions/checkout': 'v7',
  'actions/setup-node': 'v7',
  'peter-evans/create-pull-request': 'v8',
  'peter-evans/create-issue-from-file': 'v6',
};
