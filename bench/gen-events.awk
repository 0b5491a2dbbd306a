# gen-events.awk -- synthetic coded events (docs/events.md JSONL) for the store's benchmark and
# crash test.  Invented, deterministic (seed), actors drawn with Zipf-like weights so that a few
# dyads dominate as in real news.
#   awk -v docs=N -v seed=S [-v start=FIRST_DOC] [-v perday=DOCS_A_DAY] [-v compact=1] -f gen-events.awk
# Documents come in date order, perday a day (default 700) from 2015-01-01, as a news feed does;
# an event is dated the document's day or up to two days before.
# Each document has 1-7 events over 1-5 sentences; ~1/3 of documents re-report an event of the
# document before (same day, other wording) so that dedup has work to do.
BEGIN {
	srand(seed ? seed : 1)
	if (!perday) perday = 700
	split("USA RUS CHN UKR GBR FRA DEU ISR IRN SYR TUR IND PAK JPN KOR PRK SAU EGY IRQ AFG BRA MEX CAN ITA ESP POL NGA ZAF KEN ETH VEN CUB QAT ARE JOR LBN YEM LBY SDN IGOUNO", A, " ")
	na = 40
	split("GOV MIL  GOV  BUS OPP", AG, " ")
	split("010 020 036 040 041 042 043 046 051 057 061 071 090 111 112 120 130 138 163 173 190 193 195", C, " ")
	split("1 1 1 1 1 1 1 1 1 1 2 2 1 3 3 3 3 3 4 4 4 4 4", Q, " ")
	split("0 3 4 1 1 1.9 2.8 7 3.4 8 6.4 7.4 -2 -2 -2 -4 -4.4 -7 -8 -5 -10 -10 -10", G, " ")
	split("STATEMENT APPEAL CONSULT CONSULT CONSULT CONSULT CONSULT CONSULT COOPERATE COOPERATE COOPERATE AID INVESTIGATE ACCUSE ACCUSE REJECT THREATEN THREATEN SANCTION COERCE ASSAULT ASSAULT ASSAULT", P, " ")
	nc = 23
	split("asserted asserted asserted asserted asserted asserted reported reported negated intended", M, " ")
	split("wire.example daily.example post.example herald.example times.example", S, " ")
	w = 0
	for (i = 1; i <= na; i++) { w += 1 / i; cum[i] = w }
	for (i = 1; i <= na; i++) cum[i] /= w
	first = start ? start : 0
	lastsent = -1
	for (d = first; d < first + docs; d++) {
		day = int(d / perday)
		date = civil(day)
		src = S[1 + int(rand() * 5)]
		n = 1 + int(rand() * 7)
		again = (rand() < 0.33 && d > first)
		for (k = 0; k < n; k++) {
			if (k == 0 && again) {
				a = pa; b = pb; c = pc; date2 = pdate
			} else {
				a = actor(); b = actor()
				if (b == a) b = A[1 + (a == "USA")]
				c = 1 + int(rand() * nc); date2 = rand() < 0.7 ? date : civil(day - 1 - int(rand() * 2))
			}
			ag1 = AG[1 + int(rand() * 5)]; ag2 = AG[1 + int(rand() * 5)]
			if (k == 0 && again) { s1 = a; s2 = b; sw = (rand() < 0.5) && (C[c] ~ /^04/); if (sw) { s1 = b; s2 = a } } else { s1 = a ag1; s2 = b ag2 }
			sent = int(k * 0.7)
			text = sprintf("Report %d: %s and %s, sentence %d, action %s, nonce %d.", d, s1, s2, sent, C[c], int(rand() * 1000000))
			if (sent == lastsent) text = lasttext
			lastsent = sent; lasttext = text
			mode = M[1 + int(rand() * 10)]
			if (compact)
				printf("{\"doc\":\"d%d\",\"sentence\":%d,\"text\":\"%s\",\"source\":\"%s\",\"target\":\"%s\",\"code\":\"%s\",\"quad\":%d,\"goldstein\":%s,\"plover\":\"%s\",\"mode\":\"%s\",\"date\":\"%s\",\"doc_date\":\"%s\",\"doc_source\":\"%s\"}\n", d, sent, text, s1, s2, C[c], Q[c], G[c], P[c], mode, date2, date, src)
			else
				printf("{\"doc\":\"d%d\",\"sentence\":%d,\"text\":\"%s\",\"source\":\"%s\",\"target\":\"%s\",\"source_name\":\"%s officials\",\"target_name\":\"%s\",\"code\":\"%s\",\"root\":\"%s\",\"quad\":%d,\"goldstein\":%s,\"plover\":\"%s\",\"mode\":\"%s\",\"date\":\"%s\",\"date_source\":\"document\",\"location\":%s,\"attribution\":[{\"code\":\"%s\",\"text\":\"a spokesman\"}],\"evidence\":{\"sentence\":[%d,%d],\"source\":[%d,%d],\"verb\":[%d,%d],\"target\":[%d,%d]},\"issues\":[],\"explain\":{\"pattern\":\"CAMEO.verbs.txt:%d\",\"arcs\":[\"nsubj(x, y)\",\"obj(x, z)\"]},\"doc_date\":\"%s\",\"doc_url\":\"https://%s/%d\",\"doc_source\":\"%s\",\"doc_title\":\"Report %d\"}\n", d, sent, text, s1, s2, a, b, C[c], substr(C[c], 1, 2), Q[c], G[c], P[c], mode, date2, (rand() < 0.3 ? "{\"country\":\"" b "\",\"name\":\"somewhere\",\"lat\":1.5,\"lon\":2.5}" : "null"), a, sent * 80, sent * 80 + 70, sent * 80, sent * 80 + 5, sent * 80 + 10, sent * 80 + 16, sent * 80 + 20, sent * 80 + 26, 100 + c, date, src, d, src, d)
			if (k == 0) { pa = a; pb = b; pc = c; pdate = date2 }
		}
		lastsent = -1
	}
}
# day number (0 = 2015-01-01) -> YYYY-MM-DD, with 12 months of 28-31 days
function civil(z,   y, m, ml) {
	if (z < 0) z = 0
	split("31 28 31 30 31 30 31 31 30 31 30 31", ml, " ")
	y = 2015
	while (z >= 365 + (y % 4 == 0)) { z -= 365 + (y % 4 == 0); y++ }
	for (m = 1; z >= ml[m] + (m == 2 && y % 4 == 0); m++) z -= ml[m] + (m == 2 && y % 4 == 0)
	return sprintf("%04d-%02d-%02d", y, m, z + 1)
}
function actor(   r, i) {
	r = rand()
	for (i = 1; i < na; i++) if (r <= cum[i]) return A[i]
	return A[na]
}
