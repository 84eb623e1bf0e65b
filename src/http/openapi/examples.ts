// Written by `npm run openapi:examples` (test/api/capture-examples.ts): real responses of shopzip on the demo data,
// the test server's origin shown as http://127.0.0.1:8080. Do not edit by hand: run it again.
import type { ErrorCode } from '../../errors.js';

/** A problem document of each code, as the service answered it. */
export const PROBLEM_EXAMPLES: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  "idempotency_key_reused": {
    "type": "urn:shopzip:problem:idempotency_key_reused",
    "title": "Idempotency key reused",
    "status": 422,
    "detail": "this Idempotency-Key was used for a different request; use a new key for a new export",
    "instance": "/v1/export-jobs",
    "code": "idempotency_key_reused",
    "parameter": "Idempotency-Key"
  },
  "too_many_jobs": {
    "type": "urn:shopzip:problem:too_many_jobs",
    "title": "Too many unfinished export jobs",
    "status": 429,
    "detail": "this token has 3 unfinished export jobs; at most 3 may be queued or running",
    "instance": "/v1/export-jobs",
    "code": "too_many_jobs",
    "retry_after_seconds": 30
  },
  "artifact_not_ready": {
    "type": "urn:shopzip:problem:artifact_not_ready",
    "title": "Export not finished",
    "status": 409,
    "detail": "this export job is running; its file can be downloaded once it has succeeded",
    "instance": "/v1/export-jobs/job_HBTxMAQIy5WcJJUm5RcqMA/download",
    "code": "artifact_not_ready"
  },
  "invalid_signature": {
    "type": "urn:shopzip:problem:invalid_signature",
    "title": "Invalid or expired download link",
    "status": 403,
    "detail": "this download link is not valid",
    "instance": "/v1/export-jobs/job_38cknpAInPRUWj5scQLmkg/download",
    "code": "invalid_signature"
  },
  "artifact_expired": {
    "type": "urn:shopzip:problem:artifact_expired",
    "title": "Export expired",
    "status": 410,
    "detail": "this export has expired and its file was removed; start a new export job",
    "instance": "/v1/export-jobs/job_38cknpAInPRUWj5scQLmkg/download",
    "code": "artifact_expired"
  },
  "invalid_parameter": {
    "type": "urn:shopzip:problem:invalid_parameter",
    "title": "Invalid parameter",
    "status": 400,
    "detail": "from is not a calendar date: \"2026-02-30\"",
    "instance": "/v1/exports/orders.zip",
    "code": "invalid_parameter",
    "parameter": "from"
  },
  "unknown_parameter": {
    "type": "urn:shopzip:problem:unknown_parameter",
    "title": "Unknown parameter",
    "status": 400,
    "detail": "unknown parameter \"shop\"; expected shops, from, to, status, formats, bom",
    "instance": "/v1/exports/orders.zip",
    "code": "unknown_parameter",
    "parameter": "shop"
  },
  "unknown_shops": {
    "type": "urn:shopzip:problem:unknown_shops",
    "title": "Unknown shops",
    "status": 404,
    "detail": "no such shops: nope",
    "instance": "/v1/exports/orders.zip",
    "code": "unknown_shops",
    "parameter": "shops",
    "shops": [
      "nope"
    ]
  },
  "unauthorized": {
    "type": "urn:shopzip:problem:unauthorized",
    "title": "Unauthorized",
    "status": 401,
    "detail": "send an API token: Authorization: Bearer <token>",
    "instance": "/v1/exports/orders.zip",
    "code": "unauthorized"
  },
  "unsupported_media_type": {
    "type": "urn:shopzip:problem:unsupported_media_type",
    "title": "Unsupported media type",
    "status": 415,
    "detail": "the request body must be application/json",
    "instance": "/v1/exports/orders.zip",
    "code": "unsupported_media_type",
    "parameter": "body"
  },
  "payload_too_large": {
    "type": "urn:shopzip:problem:payload_too_large",
    "title": "Request body too large",
    "status": 413,
    "detail": "the request body is larger than 262144 bytes",
    "instance": "/v1/exports/orders.zip",
    "code": "payload_too_large",
    "parameter": "body"
  },
  "method_not_allowed": {
    "type": "urn:shopzip:problem:method_not_allowed",
    "title": "Method not allowed",
    "status": 405,
    "detail": "PUT is not allowed here; allowed: HEAD, GET, POST",
    "instance": "/v1/exports/orders.zip",
    "code": "method_not_allowed"
  },
  "not_found": {
    "type": "urn:shopzip:problem:not_found",
    "title": "Not found",
    "status": 404,
    "detail": "no export job job_nope",
    "instance": "/v1/export-jobs/job_nope",
    "code": "not_found"
  },
  "too_many_requests": {
    "type": "urn:shopzip:problem:too_many_requests",
    "title": "Too many concurrent downloads",
    "status": 429,
    "detail": "this token already has 2 downloads running; at most 2 at once",
    "instance": "/v1/exports/orders.zip",
    "code": "too_many_requests",
    "retry_after_seconds": 5
  },
  "source_unavailable": {
    "type": "urn:shopzip:problem:source_unavailable",
    "title": "Orders database unavailable",
    "status": 503,
    "detail": "the orders database cannot be opened; try again later",
    "instance": "/v1/exports/orders.zip",
    "code": "source_unavailable"
  },
  "artifact_write_failed": {
    "type": "urn:shopzip:problem:artifact_write_failed",
    "title": "Export file could not be written",
    "status": 500,
    "detail": "the export file could not be written (EPERM)",
    "instance": "/v1/export-jobs/job_2HUztJDn8QrAuWxQ1IyKAg",
    "code": "artifact_write_failed"
  },
  "shutting_down": {
    "type": "urn:shopzip:problem:shutting_down",
    "title": "Shutting down",
    "status": 503,
    "detail": "the service is shutting down; retry on another instance",
    "instance": "/v1/exports/orders.zip",
    "code": "shutting_down",
    "retry_after_seconds": 5
  }
};

/** Resources, health, readiness, an event stream and metrics, as the service answered them. */
export const EXAMPLES: Record<string, unknown> = {
  "shops": {
    "shops": [
      {
        "slug": "acme",
        "name": "ACME Versand GmbH",
        "currency": "EUR",
        "time_zone": "Europe/Berlin"
      },
      {
        "slug": "globex",
        "name": "Globex Corporation",
        "currency": "USD",
        "time_zone": "America/New_York"
      },
      {
        "slug": "initech",
        "name": "Initech 株式会社",
        "currency": "JPY",
        "time_zone": "Asia/Tokyo"
      },
      {
        "slug": "stark",
        "name": "Stark & Sons Ltd",
        "currency": "GBP",
        "time_zone": "Europe/London"
      },
      {
        "slug": "umbrella",
        "name": "Umbrella Kuwait W.L.L.",
        "currency": "KWD",
        "time_zone": "Asia/Kuwait"
      },
      {
        "slug": "wonka",
        "name": "Wonka 巧克力 (上海)",
        "currency": "CNY",
        "time_zone": "Asia/Shanghai"
      }
    ]
  },
  "health": {
    "status": "ok"
  },
  "ready": {
    "status": "ready",
    "accepting": true
  },
  "metrics": "# HELP shopzip_exports_started_total Export requests that reached the export route, by mode (get or post).\n# TYPE shopzip_exports_started_total counter\n# HELP shopzip_exports_finished_total Export requests that ended, by mode and outcome (ok, client_aborted, failed, rejected).\n# TYPE shopzip_exports_finished_total counter\n…\n",
  "jobQueued": {
    "id": "job_38cknpAInPRUWj5scQLmkg",
    "state": "queued",
    "request": {
      "shops": [
        "acme",
        "globex"
      ],
      "from": "2026-01-01",
      "to": "2026-03-31",
      "status": null,
      "formats": [
        "csv",
        "xlsx"
      ],
      "bom": true
    },
    "created_at": "2026-12-07T18:36:52.121Z",
    "started_at": null,
    "finished_at": null,
    "expires_at": null,
    "progress": {
      "entries_done": 0,
      "entries_total": null,
      "rows_done": 0,
      "rows_total": null,
      "bytes_written": 0,
      "percent": 0,
      "eta_seconds": null
    },
    "artifact": null,
    "error": null,
    "trace_id": null
  },
  "jobRunning": {
    "id": "job_HBTxMAQIy5WcJJUm5RcqMA",
    "state": "running",
    "request": {
      "shops": [
        "acme",
        "globex",
        "initech",
        "stark",
        "umbrella",
        "wonka"
      ],
      "from": null,
      "to": null,
      "status": null,
      "formats": [
        "xlsx"
      ],
      "bom": true
    },
    "created_at": "2026-12-07T18:36:52.009Z",
    "started_at": "2026-12-07T18:36:52.010Z",
    "finished_at": null,
    "expires_at": null,
    "progress": {
      "entries_done": 0,
      "entries_total": 7,
      "rows_done": 36965,
      "rows_total": 105092,
      "bytes_written": 2600081,
      "percent": 35.1,
      "eta_seconds": 3
    },
    "artifact": null,
    "error": null,
    "trace_id": null
  },
  "jobCancelled": {
    "id": "job_HBTxMAQIy5WcJJUm5RcqMA",
    "state": "cancelled",
    "request": {
      "shops": [
        "acme",
        "globex",
        "initech",
        "stark",
        "umbrella",
        "wonka"
      ],
      "from": null,
      "to": null,
      "status": null,
      "formats": [
        "xlsx"
      ],
      "bom": true
    },
    "created_at": "2026-12-07T18:36:52.009Z",
    "started_at": "2026-12-07T18:36:52.010Z",
    "finished_at": "2026-12-07T18:36:53.300Z",
    "expires_at": "2026-12-08T18:36:53.300Z",
    "progress": {
      "entries_done": 0,
      "entries_total": 7,
      "rows_done": 36965,
      "rows_total": 105092,
      "bytes_written": 2600081,
      "percent": 35.1,
      "eta_seconds": null
    },
    "artifact": null,
    "error": null,
    "trace_id": null
  },
  "jobSucceeded": {
    "id": "job_38cknpAInPRUWj5scQLmkg",
    "state": "succeeded",
    "request": {
      "shops": [
        "acme",
        "globex"
      ],
      "from": "2026-01-01",
      "to": "2026-03-31",
      "status": null,
      "formats": [
        "csv",
        "xlsx"
      ],
      "bom": true
    },
    "created_at": "2026-12-07T18:36:52.121Z",
    "started_at": "2026-12-07T18:36:53.304Z",
    "finished_at": "2026-12-07T18:36:53.659Z",
    "expires_at": "2026-12-08T18:36:53.659Z",
    "progress": {
      "entries_done": 7,
      "entries_total": 7,
      "rows_done": 17260,
      "rows_total": 17260,
      "bytes_written": 763839,
      "percent": 100,
      "eta_seconds": 0
    },
    "artifact": {
      "bytes": 763839,
      "sha256": "a117f517390ee3bf6314bdc2569893801e86ab1218810b848a24e94c8ed6f7b3",
      "etag": "\"a117f517390ee3bf6314bdc2569893801e86ab1218810b848a24e94c8ed6f7b3\"",
      "download_url": "http://127.0.0.1:8080/v1/export-jobs/job_38cknpAInPRUWj5scQLmkg/download?expires=1796669513&signature=4qPcqhGGos3-rZQwAp2HRdASdRs3KrnkcAzCJ_gOGEE",
      "download_url_expires_at": "2026-12-07T18:51:53.000Z"
    },
    "error": null,
    "trace_id": null
  },
  "jobPage": {
    "jobs": [
      {
        "id": "job_rbA3oJsGTRlpRjk2I6pnhw",
        "state": "running",
        "request": {
          "shops": [
            "wonka"
          ],
          "from": null,
          "to": null,
          "status": null,
          "formats": [
            "csv",
            "xlsx"
          ],
          "bom": true
        },
        "created_at": "2026-12-07T18:36:52.288Z",
        "started_at": "2026-12-07T18:36:53.666Z",
        "finished_at": null,
        "expires_at": null,
        "progress": {
          "entries_done": 0,
          "entries_total": null,
          "rows_done": 0,
          "rows_total": null,
          "bytes_written": 0,
          "percent": 0,
          "eta_seconds": null
        },
        "artifact": null,
        "error": null,
        "trace_id": null
      },
      {
        "id": "job_38cknpAInPRUWj5scQLmkg",
        "state": "succeeded",
        "request": {
          "shops": [
            "acme",
            "globex"
          ],
          "from": "2026-01-01",
          "to": "2026-03-31",
          "status": null,
          "formats": [
            "csv",
            "xlsx"
          ],
          "bom": true
        },
        "created_at": "2026-12-07T18:36:52.121Z",
        "started_at": "2026-12-07T18:36:53.304Z",
        "finished_at": "2026-12-07T18:36:53.659Z",
        "expires_at": "2026-12-08T18:36:53.659Z",
        "progress": {
          "entries_done": 7,
          "entries_total": 7,
          "rows_done": 17260,
          "rows_total": 17260,
          "bytes_written": 763839,
          "percent": 100,
          "eta_seconds": 0
        },
        "artifact": {
          "bytes": 763839,
          "sha256": "a117f517390ee3bf6314bdc2569893801e86ab1218810b848a24e94c8ed6f7b3",
          "etag": "\"a117f517390ee3bf6314bdc2569893801e86ab1218810b848a24e94c8ed6f7b3\"",
          "download_url": "http://127.0.0.1:8080/v1/export-jobs/job_38cknpAInPRUWj5scQLmkg/download?expires=1796669513&signature=4qPcqhGGos3-rZQwAp2HRdASdRs3KrnkcAzCJ_gOGEE",
          "download_url_expires_at": "2026-12-07T18:51:53.000Z"
        },
        "error": null,
        "trace_id": null
      }
    ],
    "next_cursor": "WzE3OTY2Njg2MTIxMjEsImpvYl8zOGNrbnBBSW5QUlVXajVzY1FMbWtnIl0"
  },
  "events": "retry:3000\n\nevent:message\nid:1\ndata:{\"id\":\"job_38cknpAInPRUWj5scQLmkg\",\"state\":\"queued\",\"request\":{\"shops\":[\"acme\",\"globex\"],\"from\":\"2026-01-01\",\"to\":\"2026-03-31\",\"status\":null,\"formats\":[\"csv\",\"xlsx\"],\"bom\":true},\"created_at\":\"2026-12-07T18:36:52.121Z\",\"started_at\":null,\"finished_at\":null,\"expires_at\":null,\"progress\":{\"entries_done\":0,\"entries_total\":null,\"rows_done\":0,\"rows_total\":null,\"bytes_written\":0,\"percent\":0,\"eta_seconds\":null},\"artifact\":null,\"error\":null,\"trace_id\":null}\n\nevent:message\nid:2\ndata:{\"id\":\"job_38cknpAInPRUWj5scQLmkg\",\"state\":\"running\",\"request\":{\"shops\":[\"acme\",\"globex\"],\"from\":\"2026-01-01\",\"to\":\"2026-03-31\",\"status\":null,\"formats\":[\"csv\",\"xlsx\"],\"bom\":true},\"created_at\":\"2026-12-07T18:36:52.121Z\",\"started_at\":\"2026-12-07T18:36:53.304Z\",\"finished_at\":null,\"expires_at\":null,\"progress\":{\"entries_done\":0,\"entries_total\":null,\"rows_done\":0,\"rows_total\":null,\"bytes_written\":0,\"percent\":0,\"eta_seconds\":null},\"artifact\":null,\"error\":null,\"trace_id\":null}\n\n: … (progress events, at most four a second)\n\nevent:message\nid:6\ndata:{\"id\":\"job_38cknpAInPRUWj5scQLmkg\",\"state\":\"succeeded\",\"request\":{\"shops\":[\"acme\",\"globex\"],\"from\":\"2026-01-01\",\"to\":\"2026-03-31\",\"status\":null,\"formats\":[\"csv\",\"xlsx\"],\"bom\":true},\"created_at\":\"2026-12-07T18:36:52.121Z\",\"started_at\":\"2026-12-07T18:36:53.304Z\",\"finished_at\":\"2026-12-07T18:36:53.659Z\",\"expires_at\":\"2026-12-08T18:36:53.659Z\",\"progress\":{\"entries_done\":7,\"entries_total\":7,\"rows_done\":17260,\"rows_total\":17260,\"bytes_written\":763839,\"percent\":100,\"eta_seconds\":0},\"artifact\":{\"bytes\":763839,\"sha256\":\"a117f517390ee3bf6314bdc2569893801e86ab1218810b848a24e94c8ed6f7b3\",\"etag\":\"\\\"a117f517390ee3bf6314bdc2569893801e86ab1218810b848a24e94c8ed6f7b3\\\"\",\"download_url\":\"http://127.0.0.1:8080/v1/export-jobs/job_38cknpAInPRUWj5scQLmkg/download?expires=1796669513&signature=4qPcqhGGos3-rZQwAp2HRdASdRs3KrnkcAzCJ_gOGEE\",\"download_url_expires_at\":\"2026-12-07T18:51:53.000Z\"},\"error\":null,\"trace_id\":null}\n\n",
  "jobFailed": {
    "id": "job_2HUztJDn8QrAuWxQ1IyKAg",
    "state": "failed",
    "request": {
      "shops": [
        "acme"
      ],
      "from": null,
      "to": null,
      "status": null,
      "formats": [
        "csv",
        "xlsx"
      ],
      "bom": true
    },
    "created_at": "2026-12-07T18:36:55.103Z",
    "started_at": "2026-12-07T18:36:55.103Z",
    "finished_at": "2026-12-07T18:36:55.136Z",
    "expires_at": "2026-12-08T18:36:55.136Z",
    "progress": {
      "entries_done": 0,
      "entries_total": null,
      "rows_done": 0,
      "rows_total": null,
      "bytes_written": 0,
      "percent": 0,
      "eta_seconds": null
    },
    "artifact": null,
    "error": {
      "type": "urn:shopzip:problem:artifact_write_failed",
      "title": "Export file could not be written",
      "status": 500,
      "detail": "the export file could not be written (EPERM)",
      "instance": "/v1/export-jobs/job_2HUztJDn8QrAuWxQ1IyKAg",
      "code": "artifact_write_failed"
    },
    "trace_id": null
  },
  "notReady": {
    "status": "not ready",
    "accepting": false
  }
};
