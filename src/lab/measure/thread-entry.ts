/** Node's measuring thread (started by in-thread.ts's threadMeasure): the course model, answering measurements. */
import { gradingModel } from '../grading-model.ts';
import { serveMeasurements } from './in-thread.ts';

serveMeasurements(gradingModel);
