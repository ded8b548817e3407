-- wrk script of the ingest benchmark (Cartoon.Bench ingest): every request POSTs the same multipart body (one JPEG
-- part "images" + "style") to /v1/jobs. The body is prepared by the bench; its file and boundary come from the environment.
local path = assert(os.getenv("CARTOON_INGEST_BODY"), "CARTOON_INGEST_BODY not set")
local boundary = assert(os.getenv("CARTOON_INGEST_BOUNDARY"), "CARTOON_INGEST_BOUNDARY not set")
local file = assert(io.open(path, "rb"))
wrk.method = "POST"
wrk.path = "/v1/jobs"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
