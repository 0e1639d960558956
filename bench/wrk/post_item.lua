-- POST /api/items with a small JSON body.
wrk.method = "POST"
wrk.body = '{"title":"bench","content":"lorem ipsum dolor sit amet"}'
wrk.headers["Content-Type"] = "application/json"
