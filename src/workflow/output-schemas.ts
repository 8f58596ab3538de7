import { INTENSITY_OF } from '../plan/session-library.js';
import type { StructuredOutput } from './structured-output.js';

/**
 * The JSON schemas of the model nodes whose output is data. Kept to the subset all four
 * providers enforce natively (OpenAI json_schema, Anthropic tool input_schema, Gemini
 * responseSchema, Ollama format): objects, arrays, strings, numbers, enums, no $ref or
 * oneOf. Few descriptions (the prompts say what the fields mean): the schema is sent with
 * every request, and in text mode it is part of the prompt.
 */

/** An expert's report as data: a verdict, findings by kind, at most one question for the athlete. */
export interface ExpertFindings {
  assessment: string;
  findings: { kind: 'going_well' | 'risk' | 'adjustment'; text: string }[];
  questions: string[];
}

export const EXPERT_FINDINGS: StructuredOutput = {
  name: 'expert_findings',
  schema: {
    type: 'object',
    properties: {
      assessment: { type: 'string', minLength: 1, description: 'the verdict, 1-2 sentences' },
      findings: {
        type: 'array',
        minItems: 1,
        maxItems: 6,
        items: {
          type: 'object',
          properties: {
            kind: { type: 'string', enum: ['going_well', 'risk', 'adjustment'] },
            text: { type: 'string' },
          },
          required: ['kind', 'text'],
          additionalProperties: false,
        },
      },
      questions: { type: 'array', maxItems: 1, items: { type: 'string' } },
    },
    required: ['assessment', 'findings', 'questions'],
    additionalProperties: false,
  },
};

const STEP_KINDS = ['warmup', 'work', 'recovery', 'cooldown', 'steady', 'rest'];
const stepProperties = {
  duration_s: { type: 'number' },
  distance_m: { type: 'number' },
  intensityFactor: { type: 'number' },
};

/** A week as a proposal (src/plan/proposal.ts): coach computes targets, durations and loads from it. */
export const PLAN_PROPOSAL: StructuredOutput = {
  name: 'plan_proposal',
  schema: {
    type: 'object',
    properties: {
      days: {
        type: 'array',
        minItems: 7,
        maxItems: 7,
        items: {
          type: 'object',
          properties: {
            date: { type: 'string' },
            note: { type: 'string' },
            sessions: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  sport: { type: 'string', enum: ['running', 'cycling', 'swimming', 'strength', 'mobility', 'other'] },
                  type: { type: 'string', enum: Object.keys(INTENSITY_OF) },
                  title: { type: 'string' },
                  purpose: { type: 'string' },
                  steps: {
                    type: 'array',
                    minItems: 1,
                    items: {
                      type: 'object',
                      properties: {
                        kind: { type: 'string', enum: [...STEP_KINDS, 'repeat'] },
                        ...stepProperties,
                        times: { type: 'integer' },
                        steps: {
                          type: 'array',
                          items: { type: 'object', properties: { kind: { type: 'string', enum: STEP_KINDS }, ...stepProperties }, required: ['kind'] },
                        },
                      },
                      required: ['kind'],
                    },
                  },
                },
                required: ['sport', 'type', 'title', 'steps'],
              },
            },
          },
          required: ['date', 'sessions'],
        },
      },
    },
    required: ['days'],
  },
};
