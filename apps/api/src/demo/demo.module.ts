import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DemoSeeder } from './demo-seeder.js';

/** Demo data for a development store that is empty; never in production. */
@Module({ imports: [CqrsModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
