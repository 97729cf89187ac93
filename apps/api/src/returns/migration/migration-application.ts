import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import type { AppConfig } from '@cje/runtime';
import { AppModule } from '../../app.module.js';
import type { ImportPlan } from '@cje/returns';
import { migrationPrincipal } from './migration-principal.js';
import { submitImport, type ImportSubmission } from './submit-import.js';

/**
 * The API's own application (same module, same configuration, same store, executor and access policy) without
 * HTTP: the migration submits its commands here so that every imported event was accepted by the machine.
 */
export async function openMigrationApplication(config: AppConfig): Promise<INestApplicationContext> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'], abortOnError: false });
  await app.init();
  return app;
}

/** Submits a plan through an application's command bus as the migration principal for `system`. */
export function submitThrough(app: INestApplicationContext, plan: ImportPlan, system: string): Promise<ImportSubmission> {
  return submitImport(app.get(CommandBus), plan, migrationPrincipal(system));
}
