#!/usr/bin/awk -f
# stages.awk <marks>: the per-stage breakdown of upcalls from the marks of
# bench/reqloop ("request", "done"), bench/capture ("exec") and the broker
# (lib/stage_trace.h), one "<stage> <ns> <pid>" line each. Each request's
# marks, in time order, cut its latency into intervals named by the mark
# that opens them; prints the median of each over all requests, in
# microseconds, and its mean (over all requests: a stage some requests skip
# counts 0 there) and share of the mean total, which the means sum to.
function median(arr, n,   i, j, t) {
	for (i = 2; i <= n; i++) { t = arr[i]; for (j = i - 1; j > 0 && arr[j] > t; j--) arr[j + 1] = arr[j]; arr[j + 1] = t }
	return n ? arr[int((n + 1) / 2)] : 0
}
function flush(   i, j, t, k) {
	if (!open || m < 2) return
	# sort this request's marks by time (insertion sort: a dozen marks)
	for (i = 2; i <= m; i++) { t = ts[i]; k = nm[i]; for (j = i - 1; j > 0 && ts[j] > t; j--) { ts[j + 1] = ts[j]; nm[j + 1] = nm[j] } ts[j + 1] = t; nm[j + 1] = k }
	if (nm[m] != "done") return
	reqs++
	tot[reqs] = (ts[m] - ts[1]) / 1000
	for (i = 1; i < m; i++) {
		if (!(nm[i] in seen)) { seen[nm[i]] = ++nstage; order[nstage] = nm[i] }
		cnt[nm[i]]++; val[nm[i], cnt[nm[i]]] = (ts[i + 1] - ts[i]) / 1000
	}
}
$1 == "request" { flush(); open = 1; m = 0 }
open { m++; nm[m] = $1; ts[m] = $2 }
$1 == "done" { flush(); open = 0 }
END {
	total = median(tot, reqs)
	for (i = 1; i <= reqs; i++) mtot += tot[i]
	mtot = reqs ? mtot / reqs : 0
	printf "| stage (starts at the mark) | median us | mean us | share of mean total |\n|---|---:|---:|---:|\n"
	for (s = 1; s <= nstage; s++) {
		n = cnt[order[s]]; delete a
		for (i = 1; i <= n; i++) a[i] = val[order[s], i]
		sum = 0; for (i = 1; i <= n; i++) sum += a[i]
		mean = n ? sum / reqs : 0
		v = median(a, n)
		printf "| %s | %.0f | %.0f | %.2f |\n", order[s], v, mean, mtot ? mean / mtot : 0
	}
	printf "| **total (request to done), %d requests** | %.0f | %.0f | 1.00 |\n", reqs, total, mtot
}
