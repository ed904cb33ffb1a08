import { Config } from '@backstage/config';
import { stringifyEntityRef, parseEntityRef } from '@backstage/catalog-model';
import { IANAZone } from 'luxon';

export interface PulseConfig {
  enabled: boolean;
  /** Local time of day the digest goes out, HH:mm. */
  hour: number;
  minute: number;
  timeZone: string;
  weekdaysOnly: boolean;
  /** Slack incoming webhooks by squad ref. Secrets: never logged, never in the catalog. */
  slackWebhooks: Map<string, string>;
}

/**
 * `quality.pulse`: the daily quality pulse per squad. Defaults: on, 09:00
 * UTC, Monday to Friday, Backstage notifications only. A bad value stops the
 * backend at start-up with the key named.
 */
export function readPulseConfig(config: Config): PulseConfig {
  const pulse = config.getOptionalConfig('quality.pulse');
  const time = pulse?.getOptionalString('time') ?? '09:00';
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(time);
  if (!match) {
    throw new Error(
      `quality.pulse.time must be a 24-hour time HH:mm, got "${time}"`,
    );
  }
  const timeZone = pulse?.getOptionalString('timeZone') ?? 'UTC';
  if (!IANAZone.isValidZone(timeZone)) {
    throw new Error(
      `quality.pulse.timeZone must be an IANA time zone such as Europe/Stockholm, got "${timeZone}"`,
    );
  }
  const slackWebhooks = new Map<string, string>();
  (pulse?.getOptionalConfigArray('slack') ?? []).forEach((entry, i) => {
    const key = `quality.pulse.slack[${i}]`;
    const group = entry.getString('group');
    let groupRef: string;
    try {
      groupRef = stringifyEntityRef(
        parseEntityRef(group, {
          defaultKind: 'group',
          defaultNamespace: 'default',
        }),
      ).toLocaleLowerCase('en-US');
    } catch {
      throw new Error(`${key}.group must be a group reference, got "${group}"`);
    }
    const url = entry.getString('webhookUrl');
    if (!/^https?:\/\//.test(url)) {
      // The URL itself is a secret: name the key, not the value.
      throw new Error(`${key}.webhookUrl must be an http(s) URL`);
    }
    slackWebhooks.set(groupRef, url);
  });
  return {
    enabled: pulse?.getOptionalBoolean('enabled') ?? true,
    hour: Number(match[1]),
    minute: Number(match[2]),
    timeZone,
    weekdaysOnly: pulse?.getOptionalBoolean('weekdaysOnly') ?? true,
    slackWebhooks,
  };
}
