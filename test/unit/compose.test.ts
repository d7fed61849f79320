import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseCli } from '../../src/cli-args.js';

// No Docker engine here: the compose file and nginx config are checked for the wiring the README describes.

const root = new URL('../../', import.meta.url);
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, { build?: string; image?: string; command?: string[]; environment?: Record<string, string>; depends_on?: Record<string, unknown> | string[]; ports?: string[]; volumes?: string[] }>;
};
const nginx = readFileSync(new URL('deploy/nginx.conf', root), 'utf8');
const readme = readFileSync(new URL('README.md', root), 'utf8');
const section = readme.slice(readme.indexOf('## Running several replicas'));
const REPLICAS = ['saf-mock-a', 'saf-mock-b'];

describe('docker-compose.yml: redis, two replicas, a load balancer on one port', () => {
  it('has exactly the services the README names', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['lb', 'redis', ...REPLICAS].sort());
    for (const name of Object.keys(compose.services)) expect(section).toContain(`\`${name}\``);
  });

  it('runs Redis with its own persistence', () => {
    const redis = compose.services.redis!;
    expect(redis.image).toMatch(/^redis:/);
    expect(redis.command?.join(' ')).toContain('--appendonly yes');
    expect(redis.volumes?.some((v) => v.endsWith(':/data'))).toBe(true);
  });

  it('builds both replicas from the Dockerfile, on the same Redis and prefix, each a valid configuration', () => {
    const store = compose.services[REPLICAS[0]!]!.environment!.SAF_MOCK_STORE;
    expect(store).toMatch(/^redis:\/\/redis:6379\//);
    expect(section).toContain(`SAF_MOCK_STORE=${store}`);
    for (const name of REPLICAS) {
      const svc = compose.services[name]!;
      expect(svc.build).toBe('.');
      expect(svc.environment?.SAF_MOCK_STORE).toBe(store);
      expect(svc.environment?.SAF_MOCK_STORE_PREFIX).toBe(compose.services[REPLICAS[0]!]!.environment?.SAF_MOCK_STORE_PREFIX);
      expect(Object.keys(svc.depends_on ?? {})).toContain('redis');
      // The environment as the CLI reads it: a redis store, bound beyond loopback inside the container.
      const parsed = parseCli([], svc.environment ?? {});
      expect(parsed.kind).toBe('run');
      if (parsed.kind === 'run') {
        expect(parsed.config.store).toBe(store);
        expect(parsed.config.host).toBe('0.0.0.0');
        expect(parsed.config.port).toBe(8931);
      }
    }
  });

  it('balances over both replicas with nginx on the port the README gives, passing the signed Host on', () => {
    const lb = compose.services.lb!;
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.volumes).toContain('./deploy/nginx.conf:/etc/nginx/nginx.conf:ro');
    expect(lb.ports).toEqual(['127.0.0.1:8931:8931']);
    expect(section).toContain('127.0.0.1:8931');
    expect(lb.depends_on).toEqual(REPLICAS);
    const upstream = /upstream saf_mock \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    const servers = [...upstream.matchAll(/^\s*server\s+([\w.-]+):(\d+);/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(servers).toEqual(REPLICAS.map((r) => `${r}:8931`));
    expect(nginx).toMatch(/listen 8931;/);
    expect(nginx).toMatch(/proxy_pass http:\/\/saf_mock;/);
    expect(nginx).toMatch(/proxy_set_header Host \$http_host;/);
    expect(nginx).toMatch(/client_max_body_size 16m;/);
  });
});
