/** A GitHub repository held in memory: what the fake GitHub API serves. */

export interface FakeGithubIssue {
  number: number;
  repo: string;
  title: string;
  state: 'open' | 'closed';
  created: string;
  updated: string;
  closed: string | null;
  labels: string[];
  isPullRequest?: boolean;
  events: Array<{ event: string; at: string; label?: string }>;
}

export interface FakeDeployment {
  id: number;
  environment: string;
  ref: string;
  description: string | null;
  created: string;
  /** Oldest first; the last is the deployment's state now. */
  statuses: Array<{ state: string; at: string }>;
}

export interface FakeRelease {
  id: number;
  tag: string;
  name: string;
  created: string;
  published: string | null;
  draft?: boolean;
  prerelease?: boolean;
}

export class FakeGithubRepo {
  readonly issues = new Map<number, FakeGithubIssue>();
  readonly deployments: FakeDeployment[] = [];
  readonly releases: FakeRelease[] = [];
  /** Issues transferred away: where each is now (GET answers with a 301 there). */
  readonly transferred = new Map<
    number,
    { repositoryId: number; number: number }
  >();
  /** The repositories issues were transferred to, by repository id. */
  readonly destinations = new Map<number, FakeGithubRepo>();
  private clock: string;
  private nextNumber = 1;

  constructor(readonly slug: string, start: string) {
    this.clock = start;
  }

  at(iso: string): this {
    this.clock = iso;
    return this;
  }

  open(
    title: string,
    labels: string[] = [],
    isPullRequest = false,
  ): FakeGithubIssue {
    const issue: FakeGithubIssue = {
      number: this.nextNumber++,
      repo: this.slug,
      title,
      state: 'open',
      created: this.clock,
      updated: this.clock,
      closed: null,
      labels: [...labels],
      isPullRequest,
      events: labels.map(label => ({
        event: 'labeled',
        at: this.clock,
        label,
      })),
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  close(number: number): this {
    const issue = this.issues.get(number)!;
    Object.assign(issue, {
      state: 'closed',
      closed: this.clock,
      updated: this.clock,
    });
    issue.events.push({ event: 'closed', at: this.clock });
    return this;
  }

  reopen(number: number): this {
    const issue = this.issues.get(number)!;
    Object.assign(issue, { state: 'open', closed: null, updated: this.clock });
    issue.events.push({ event: 'reopened', at: this.clock });
    return this;
  }

  label(number: number, label: string): this {
    const issue = this.issues.get(number)!;
    issue.labels.push(label);
    issue.updated = this.clock;
    issue.events.push({ event: 'labeled', at: this.clock, label });
    return this;
  }

  unlabel(number: number, label: string): this {
    const issue = this.issues.get(number)!;
    issue.labels = issue.labels.filter(l => l !== label);
    issue.updated = this.clock;
    issue.events.push({ event: 'unlabeled', at: this.clock, label });
    return this;
  }

  transfer(number: number, toSlug: string): this {
    const issue = this.issues.get(number)!;
    const repositoryId = 9000 + this.destinations.size;
    const destination = new FakeGithubRepo(toSlug, this.clock);
    this.destinations.set(repositoryId, destination);
    const moved = { ...issue, number: destination.nextNumber++, repo: toSlug };
    destination.issues.set(moved.number, moved);
    this.issues.delete(number);
    this.transferred.set(number, { repositoryId, number: moved.number });
    return this;
  }

  delete(number: number): this {
    this.issues.delete(number);
    return this;
  }
}
