import { OrgOverviewNode } from '@quality-pulse/plugin-quality-common';

/** A node of the org tree in display order, with its depth. */
export interface OrgRow {
  node: OrgOverviewNode;
  depth: number;
}

export type BudgetFilter = 'all' | 'breached' | 'at-risk';

function matches(node: OrgOverviewNode, budget: BudgetFilter, text: string) {
  const byText =
    !text ||
    node.title.toLowerCase().includes(text) ||
    node.groupRef.toLowerCase().includes(text);
  const byBudget =
    budget === 'all' || (node.budget ? node.budget.state === budget : false);
  return byText && byBudget;
}

/**
 * The tree depth-first, in catalog order (never a ranking). A filter keeps
 * the matching groups and the groups above them, so each row keeps its place
 * in the organisation.
 */
export function flattenTree(
  roots: OrgOverviewNode[],
  budget: BudgetFilter = 'all',
  search = '',
): OrgRow[] {
  const text = search.trim().toLowerCase();
  const visit = (node: OrgOverviewNode, depth: number): OrgRow[] => {
    const below = node.children.flatMap(child => visit(child, depth + 1));
    if (matches(node, budget, text) || below.length > 0) {
      return [{ node, depth }, ...below];
    }
    return [];
  };
  return roots.flatMap(root => visit(root, 0));
}
