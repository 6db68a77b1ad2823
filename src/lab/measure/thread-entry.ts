/** Node's measuring thread (started by in-thread.ts's threadMeasure): the course model, answering measurements. */
import { readCourseModel } from '../node-model.ts';
import { serveMeasurements } from './in-thread.ts';

let model: ReturnType<typeof readCourseModel> | null = null;
serveMeasurements(() => (model ??= readCourseModel()));
