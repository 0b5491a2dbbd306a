# The tagger and parser through the tool: CoNLL-U output, bad model files, usage errors.
$ dyad parse sample.txt
1> # newdoc id = sample.txt
1> TokenRange=

$ dyad help parse
1> usage: dyad parse

# a sentence left with no verb by a participle read as an adjective gets it back as its verb
$ printf 'Syrian tanks shelled positions of the rebel militia near the town.\n' >"$TMP/verbless.txt"; dyad parse "$TMP/verbless.txt" | cut -f2,4-8 | grep shelled
1> shelled	VERB	VBD	_	0	root

$ head -c 4000 "$TOP/data/models/tagger.bin" >"$TMP/short.bin"; dyad parse --tagger "$TMP/short.bin" sample.txt
? 1
2> short.bin: truncated

$ cp "$TOP/data/models/parser.bin" "$TMP/bad.bin"; printf 'XXXX' | dd of="$TMP/bad.bin" bs=1 seek=5000 conv=notrunc 2>/dev/null; dyad parse --parser "$TMP/bad.bin" sample.txt
? 1
2> bad.bin: checksum mismatch

$ dyad parse --tagger "$TOP/data/models/parser.bin" sample.txt
? 1
2> not a DYADTAG1 file

$ dyad parse --tagger /nonexistent.bin sample.txt
? 1
2> /nonexistent.bin: No such file

$ dyad train
? 2
2> train what?

$ dyad train tagger --train x.conllu
? 2
2> needs --train, --dev and -o

$ dyad eval parse
? 2
2> parse needs a gold CoNLL-U file

$ dyad eval parse gold.conllu
1> words      11
1> UAS 

$ dyad eval parse --raw gold.conllu
1> words      100.00
1> UAS 

$ dyad eval parse --filter nothing-matches gold.conllu
1> sentences  0

$ dyad eval parse --beam 1 gold.conllu
1> beam 1

# a title with "of": the name heads, the title is its nmod:desc (UD), repaired after decoding
$ printf 'Minister of Defence Ana Lopes visited the base on Friday.\n' | dyad parse - | awk -F'\t' '/^[0-9]/ { f[$1] = $2; h[$1] = $7; r[$1] = $8 } END { for (i = 1; i <= 11; i++) print f[i], r[i], f[h[i]] }'
1> Ana nsubj visited
1> Minister nmod:desc Ana
1> Defence nmod Minister
1> Lopes flat Ana

# irregular past forms the treebanks lack are lemmatized from a table, not by suffix rules
# ("risen" would be "riose", from "chosen")
$ echo "The death toll has risen again." | dyad parse -
1> risen	rise	VERB

# "freed", "guaranteed": a base in "ee" keeps both (a treebank lemma "fre" is overruled)
$ echo "Two hostages were freed by the rebels." | dyad parse -
1> freed	free	VERB
