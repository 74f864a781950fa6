import path from 'node:path';
import { z } from 'zod';

/** Relais's settings, read once from the environment: the only place that reads process.env. */
export type Config = z.infer<typeof ConfigSchema>;

const ConfigSchema = z.object({
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  host: z.string().default('0.0.0.0'),
  /** External PostgreSQL (owner role, runs migrations). Absent: the embedded server in dataDir. */
  databaseUrl: z.string().url().optional(),
  /** Optional separate URL for the application role; otherwise derived from databaseUrl. */
  databaseAppUrl: z.string().url().optional(),
  dataDir: z.string().default(path.resolve('data')),
  /** Signs CSRF tokens and derives the application role's password. */
  secret: z.string().min(16).optional(),
  publicUrl: z.string().url().optional(),
  smtp: z
    .object({
      host: z.string(),
      port: z.coerce.number().int().default(587),
      secure: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
      user: z.string().optional(),
      password: z.string().optional(),
      from: z.string().default('Relais <no-reply@localhost>'),
    })
    .optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Skip creating the demo organization on first start. */
  noDemo: z.enum(['1', 'true']).optional().transform((v) => v !== undefined),
  demoPeople: z.coerce.number().int().min(0).default(5000),
});

/** Parses the environment into a Config, failing with every bad variable named. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ConfigSchema.safeParse({
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL || undefined,
    databaseAppUrl: env.DATABASE_APP_URL || undefined,
    dataDir: env.RELAIS_DATA_DIR ? path.resolve(env.RELAIS_DATA_DIR) : undefined,
    secret: env.RELAIS_SECRET || undefined,
    publicUrl: env.RELAIS_PUBLIC_URL || undefined,
    smtp: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: env.SMTP_PORT,
          secure: env.SMTP_SECURE,
          user: env.SMTP_USER,
          password: env.SMTP_PASSWORD,
          from: env.SMTP_FROM,
        }
      : undefined,
    logLevel: env.LOG_LEVEL,
    noDemo: env.RELAIS_NO_DEMO,
    demoPeople: env.RELAIS_DEMO_PEOPLE,
  });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
