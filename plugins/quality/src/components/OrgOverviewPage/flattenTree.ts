import { OrgOverviewNode } from '@quality-pulse/plugin-quality-common';

/** A node of the org tree in display order, with its depth. */
export interface OrgRow {
  node: OrgOverviewNode;
  depth: number;
}

export type BudgetFilter = 'all' | 'breached' | 'at-risk';

/** Which groups a page shows: budget state, a text, and optionally only these group refs. */
export interface OrgFilter {
  budget?: BudgetFilter;
  search?: string;
  /** The groups that own part of the chosen system; undefined when no system is chosen. */
  groupRefs?: Set<string>;
}

function matches(
  node: OrgOverviewNode,
  budget: BudgetFilter,
  text: string,
  groupRefs?: Set<string>,
) {
  const byText =
    !text ||
    node.title.toLowerCase().includes(text) ||
    node.groupRef.toLowerCase().includes(text);
  const byBudget =
    budget === 'all' || (node.budget ? node.budget.state === budget : false);
  const bySystem = !groupRefs || groupRefs.has(node.groupRef);
  return byText && byBudget && bySystem;
}

/**
 * The tree depth-first, in catalog order (never a ranking). A filter keeps
 * the matching groups and the groups above them, so each row keeps its place
 * in the organisation.
 */
export function flattenTree(
  roots: OrgOverviewNode[],
  filter: OrgFilter = {},
): OrgRow[] {
  const { budget = 'all', search = '', groupRefs } = filter;
  const text = search.trim().toLowerCase();
  const visit = (node: OrgOverviewNode, depth: number): OrgRow[] => {
    const below = node.children.flatMap(child => visit(child, depth + 1));
    if (matches(node, budget, text, groupRefs) || below.length > 0) {
      return [{ node, depth }, ...below];
    }
    return [];
  };
  return roots.flatMap(root => visit(root, 0));
}
