import { UrlReaderService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { BasicPermission } from '@backstage/plugin-permission-common';
import {
  qualityLearningUpdatePermission,
  qualityMetricsReadPermission,
  SquadLearning,
} from '@quality-pulse/plugin-quality-common';
import express from 'express';
import { Knex } from 'knex';
import { OrgGroup, Organisation } from '../catalog/organisation';
import {
  ChampionConfig,
  currentChampion,
  rotationOf,
} from '../learning/championRotation';
import {
  bugBashesOf,
  createBugBash,
  recordBugBashReview,
} from '../learning/bugBashes';
import {
  addAction,
  entityOfAction,
  entityOfPostmortem,
  linkPostmortem,
  recordFollowUpReview,
  updateAction,
} from '../learning/postmortemUpdates';
import { squadLearningLoop } from '../metrics/learningLoop';

interface LearningRouterOptions {
  db: Knex;
  reader: UrlReaderService;
  champions: ChampionConfig;
  now: () => number;
  /** Checks the update permission and that the caller sees the entity of the path. */
  entityRequest: (req: express.Request) => Promise<{ entityRef: string }>;
  groupRequest: (
    req: express.Request,
    permission?: BasicPermission,
  ) => Promise<{ org: Organisation; group: OrgGroup }>;
  /** Checks a permission and that the caller sees the entity a post-mortem or action belongs to. */
  visibleEntity: (
    req: express.Request,
    entityRef: string,
    permission?: BasicPermission,
  ) => Promise<void>;
}

function idParam(req: express.Request, name: string): number {
  const id = Number(req.params[name]);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw new InputError(`${name} must be a positive integer`);
  }
  return id;
}

/**
 * The learning loop's routes: post-mortem links pasted in the portal, action
 * items, four-week reviews, the squad's follow-ups, champion and bug-bashes.
 * Writes need `quality.learning.update` and sight of the entity or group.
 */
export function learningRouter(
  router: express.Router,
  options: LearningRouterOptions,
) {
  const { db, now } = options;

  router.post(
    '/v1/entities/:kind/:namespace/:name/postmortems',
    async (req, res) => {
      const { entityRef } = await options.entityRequest(req);
      res
        .status(201)
        .json(await linkPostmortem(db, options.reader, entityRef, req.body));
    },
  );

  router.post('/v1/postmortems/:id/actions', async (req, res) => {
    const postmortemId = idParam(req, 'id');
    await options.visibleEntity(
      req,
      await entityOfPostmortem(db, postmortemId),
    );
    res
      .status(201)
      .json({ id: await addAction(db, postmortemId, req.body, now()) });
  });

  router.patch('/v1/actions/:id', async (req, res) => {
    const actionId = idParam(req, 'id');
    const { entityRef } = await entityOfAction(db, actionId);
    await options.visibleEntity(req, entityRef);
    await updateAction(db, actionId, req.body, now());
    res.json({ id: actionId });
  });

  router.put('/v1/postmortems/:id/review', async (req, res) => {
    const postmortemId = idParam(req, 'id');
    await options.visibleEntity(
      req,
      await entityOfPostmortem(db, postmortemId),
    );
    await recordFollowUpReview(db, postmortemId, req.body, now());
    res.json({ id: postmortemId });
  });

  router.get('/v1/groups/:namespace/:name/learning', async (req, res) => {
    const { org, group } = await options.groupRequest(
      req,
      qualityMetricsReadPermission,
    );
    const entityRefs = org.entitiesOf(group.ref);
    const at = now();
    const rotation = rotationOf(
      group.ref,
      group.annotations,
      options.champions,
    );
    const [loop, bugBashes] = await Promise.all([
      squadLearningLoop(db, entityRefs, at),
      bugBashesOf(db, group.ref, entityRefs),
    ]);
    const body: SquadLearning = {
      groupRef: group.ref,
      ...loop,
      champion: rotation ? currentChampion(rotation, at) : null,
      bugBashes,
    };
    res.json(body);
  });

  router.post('/v1/groups/:namespace/:name/bug-bashes', async (req, res) => {
    const { group } = await options.groupRequest(
      req,
      qualityLearningUpdatePermission,
    );
    res
      .status(201)
      .json({ id: await createBugBash(db, group.ref, req.body, now()) });
  });

  router.put(
    '/v1/groups/:namespace/:name/bug-bashes/:id/review',
    async (req, res) => {
      const { group } = await options.groupRequest(
        req,
        qualityLearningUpdatePermission,
      );
      const bashId = idParam(req, 'id');
      await recordBugBashReview(db, group.ref, bashId, req.body, now());
      res.json({ id: bashId });
    },
  );
}
