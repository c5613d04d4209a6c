// Runs only the kafka project: npx vitest run --config test/kafka/vitest.local.config.ts
import { defineConfig } from 'vitest/config';
import { kafkaProject } from './vitest.project.ts';

export default defineConfig({ test: { projects: [kafkaProject] } });
