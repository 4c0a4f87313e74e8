// The `alerting` section of the nester's configuration (config/schema.ts includes it).
import { z } from 'zod';

const duration = z
  .string()
  .regex(/^(0|(\d+(ms|s|m|h|d|w|y))+)$/, 'must be a duration such as 30s, 5m, 1h30m');

const headers = z.record(z.string(), z.string()).default({});

const builtin = z
  .object({
    /** Load the built-in rule set (docs/alerting.md). */
    enabled: z.boolean().default(true),
    /** Rules of the built-in set to leave out, by alert name. */
    disabled: z.array(z.string()).default([]),
    /** HarvesterDown fires after the tunnel was lost this long. */
    harvesterDownAfter: duration.default('2m'),
    /** CpuSaturated: busy fraction above which, and for how long. */
    cpuBusyRatio: z.number().gt(0).lte(1).default(0.9),
    cpuFor: duration.default('10m'),
    /** FilesystemAlmostFull: used percentage. */
    filesystemUsedPercent: z.number().gt(0).lt(100).default(90),
    /** MemoryPressure: available fraction below which. */
    memoryAvailableRatio: z.number().gt(0).lt(1).default(0.1),
    /** TemperatureHigh: °C (a Raspberry Pi throttles from 80 °C, hard at 85 °C). */
    temperatureCelsius: z.number().default(80),
    /** CpuSaturated: the window the busy fraction is averaged over. */
    cpuWindow: duration.default('2m'),
  })
  .strict();

const email = z
  .object({
    to: z.array(z.string().email()).min(1),
    from: z.string().email(),
    /** `host:port` of the SMTP relay. */
    smarthost: z.string().regex(/^[^:\s]+:\d+$/, 'must be host:port'),
    username: z.string().optional(),
    password: z.string().optional(),
    /** Implicit TLS (port 465). */
    tls: z.boolean().default(false),
    /** Refuse to send without STARTTLS (or implicit TLS), as Alertmanager's require_tls. */
    requireTls: z.boolean().default(true),
    hello: z.string().default('localhost'),
    sendResolved: z.boolean().default(true),
    timeout: duration.default('30s'),
  })
  .strict();

export const alertingConfigSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** How often rule groups without their own `interval` are evaluated. */
    evaluationInterval: duration.default('15s'),
    /** Prometheus rule files (YAML) to load, besides those edited in the UI (`<dataDir>/alerting/rules/`). */
    ruleFiles: z.array(z.string().min(1)).default([]),
    builtinRules: builtin.default(builtin.parse({})),
    /** The nester's URL as people reach it, for links in notifications; default the listen address. */
    externalUrl: z.string().default(''),
    /** Labels added to every alert sent out (Prometheus' `external_labels`). */
    externalLabels: z.record(z.string(), z.string()).default({}),
    /** Firing alerts are re-sent to Alertmanagers this often. */
    resendDelay: duration.default('1m'),
    alertmanagers: z
      .array(z.object({ url: z.string().url(), timeout: duration.default('10s'), headers }).strict())
      .default([]),
    webhooks: z
      .array(
        z
          .object({
            name: z.string().min(1).optional(),
            url: z.string().url(),
            timeout: duration.default('10s'),
            headers,
            sendResolved: z.boolean().default(true),
          })
          .strict(),
      )
      .default([]),
    email: email.optional(),
    /** Grouping of the nester's own notifications (webhooks, e-mail), as an Alertmanager route. */
    route: z
      .object({
        groupBy: z.array(z.string()).default(['alertname', 'instance']),
        groupWait: duration.default('30s'),
        groupInterval: duration.default('5m'),
        repeatInterval: duration.default('4h'),
      })
      .strict()
      .default({
        groupBy: ['alertname', 'instance'],
        groupWait: '30s',
        groupInterval: '5m',
        repeatInterval: '4h',
      }),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(100).default(8),
        initialBackoff: duration.default('1s'),
        maxBackoff: duration.default('2m'),
      })
      .strict()
      .default({ maxAttempts: 8, initialBackoff: '1s', maxBackoff: '2m' }),
  })
  .strict();

export type AlertingConfig = z.infer<typeof alertingConfigSchema>;
