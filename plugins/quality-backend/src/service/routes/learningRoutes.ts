import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import {
  qualityLearningUpdatePermission,
  qualityMetricsReadPermission,
  SquadLearning,
} from '@quality-pulse/plugin-quality-common';
import { currentChampion, rotationOf } from '../../learning/championRotation';
import { linkPostmortem } from '../../learning/postmortemUpdates';
import { QualityRouter, RouteContext } from './context';
import { AnyRequest } from '../access';

function idParam(req: AnyRequest, name: string): number {
  const id = Number(req.params[name]);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new InputError(`${name} must be a positive integer`);
  }
  return id;
}

const RECORD = 'record what the squad learns';

/**
 * The learning loop's routes: post-mortem links pasted in the portal, action
 * items, four-week reviews, the squad's follow-ups, champion and bug-bashes.
 * Writes need `quality.learning.update` and sight of the entity or group. A
 * post-mortem or action of an entity the caller cannot see answers the same
 * 404 as one that does not exist.
 */
export function learningRoutes(router: QualityRouter, context: RouteContext) {
  const { stores, metrics, access, requests, now } = context;
  const loop = stores.learningLoop;

  /** The caller, once they may record and see the entity `entityRef` names (or the 404 for `what`). */
  async function writerOf(
    req: AnyRequest,
    entityRefOf: () => Promise<string | undefined>,
    what: string,
  ): Promise<BackstageCredentials> {
    const credentials = await access.requestCredentials(
      req,
      qualityLearningUpdatePermission,
      RECORD,
    );
    const ref = await entityRefOf();
    if (!ref || !(await access.canSee(credentials, ref))) {
      throw new NotFoundError(`No ${what}, or not visible to you`);
    }
    return credentials;
  }

  router.post(
    '/v1/entities/:kind/:namespace/:name/postmortems',
    async (req, res) => {
      const { entityRef, credentials } = await requests.entity(
        req,
        qualityLearningUpdatePermission,
        RECORD,
      );
      const entity = await access.entity(credentials, entityRef);
      res
        .status(201)
        .json(
          await linkPostmortem(
            stores,
            context.reader,
            entity,
            req.body,
            context.entityKinds,
          ),
        );
    },
  );

  router.post('/v1/postmortems/:id/actions', async (req, res) => {
    const postmortemId = idParam(req, 'id');
    await writerOf(
      req,
      () => loop.entityOfPostmortem(postmortemId),
      `post-mortem ${postmortemId}`,
    );
    res
      .status(201)
      .json({ id: await loop.addAction(postmortemId, req.body, now()) });
  });

  router.patch('/v1/actions/:id', async (req, res) => {
    const actionId = idParam(req, 'id');
    await writerOf(
      req,
      () => loop.entityOfAction(actionId),
      `action ${actionId}`,
    );
    await loop.updateAction(actionId, req.body, now());
    res.json({ id: actionId });
  });

  router.put('/v1/postmortems/:id/review', async (req, res) => {
    const postmortemId = idParam(req, 'id');
    await writerOf(
      req,
      () => loop.entityOfPostmortem(postmortemId),
      `post-mortem ${postmortemId}`,
    );
    await loop.recordFollowUpReview(postmortemId, req.body, now());
    res.json({ id: postmortemId });
  });

  router.get('/v1/groups/:namespace/:name/learning', async (req, res) => {
    const { org, group } = await requests.group(
      req,
      qualityMetricsReadPermission,
    );
    const entityRefs = org.entitiesOf(group.ref);
    const at = now();
    const rotation = rotationOf(
      group.ref,
      group.annotations,
      context.champions,
    );
    const [followUps, bugBashes] = await Promise.all([
      metrics.learningLoop(entityRefs, at),
      metrics.bugBashes(group.ref, entityRefs),
    ]);
    const body: SquadLearning = {
      groupRef: group.ref,
      ...followUps,
      champion: rotation ? currentChampion(rotation, at) : null,
      bugBashes,
    };
    res.json(body);
  });

  router.post('/v1/groups/:namespace/:name/bug-bashes', async (req, res) => {
    const { group } = await requests.group(
      req,
      qualityLearningUpdatePermission,
      RECORD,
    );
    res
      .status(201)
      .json({ id: await loop.createBugBash(group.ref, req.body, now()) });
  });

  router.put(
    '/v1/groups/:namespace/:name/bug-bashes/:id/review',
    async (req, res) => {
      const { group } = await requests.group(
        req,
        qualityLearningUpdatePermission,
        RECORD,
      );
      const bashId = idParam(req, 'id');
      await loop.recordBugBashReview(group.ref, bashId, req.body, now());
      res.json({ id: bashId });
    },
  );
}
