import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { DemoSeeder } from './demo-seeder.js';

/** Demo data for a development store that is empty; never in production. */
@Module({ imports: [ChildrenModule], providers: [DemoSeeder], exports: [DemoSeeder] })
export class DemoModule {}
