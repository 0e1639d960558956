// Not a route (the leading underscore): the schemas the notes operations share. apifn checks
// requests against them before a function runs; Redocly, which does not, ignores `openapi`.
import type { OpenApiMediaType, OpenApiParameter, OpenApiResponse } from "@apifn/core";

/** A note as clients send it (POST, PUT). */
export const noteInput: OpenApiMediaType = {
  schema: {
    type: "object",
    required: ["title"],
    additionalProperties: false,
    properties: {
      title: { type: "string", minLength: 1, maxLength: 200, pattern: "\\S" },
      content: { type: "string" },
    },
  },
  example: { title: "Groceries", content: "Milk, eggs" },
};

const note = {
  type: "object",
  required: ["id", "title", "content", "createdAt"],
  properties: {
    id: { type: "string" },
    title: { type: "string" },
    content: { type: "string" },
    createdAt: { type: "string", format: "date-time" },
    updatedAt: { type: "string", format: "date-time" },
  },
};

/** The note's id, from the file name `[id]`. */
export const noteId: OpenApiParameter = {
  name: "id",
  in: "path",
  description: "The note's id.",
  schema: { type: "string" },
};

/** One note: `{ note }`. */
export function oneNote(description: string): OpenApiResponse {
  return {
    description,
    content: {
      "application/json": {
        schema: { type: "object", required: ["note"], properties: { note } },
      },
    },
  };
}

const error = {
  "application/json": {
    schema: { type: "object", required: ["error"], properties: { error: { type: "string" } } },
  },
};

/** An error the function answers: `{ error }`. */
export function errorResponse(description: string): OpenApiResponse {
  return { description, content: error };
}

/** A 400: the request did not match the operation (problem+json) or the function refused it. */
export const badRequest: OpenApiResponse = {
  description: "The request is not valid.",
  content: { ...error, "application/problem+json": {} },
};

/** A page of notes. */
export const notePage: OpenApiResponse = {
  description: "A page of notes, newest first.",
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["notes", "total", "nextCursor", "hasMore"],
        properties: {
          notes: { type: "array", items: note },
          total: { type: "integer", minimum: 0 },
          nextCursor: { type: ["string", "null"] },
          hasMore: { type: "boolean" },
        },
      },
    },
  },
};
