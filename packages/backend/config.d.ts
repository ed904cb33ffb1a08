export interface Config {
  permission?: {
    /**
     * The roles the backend's permission policy (src/modules/rolesPolicy.ts)
     * reads. Refs are catalog users or groups, matched against the signed-in
     * user's ownership claims (the user and the groups they belong to).
     */
    roles?: {
      /** Platform admins: the sync status, the metrics endpoint, scorecard evaluation on demand. */
      admins?: string[];
      /** May record post-mortems, actions, reviews and bug-bashes; leave out for every signed-in user. */
      learningEditors?: string[];
      /** `key=value`: entities carrying this label are visible only to their owners and admins. */
      restrictedLabel?: string;
    };
  };
}
