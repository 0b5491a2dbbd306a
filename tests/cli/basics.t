# The tool: help, version, usage errors, exit codes (0 ok, 1 bad input, 2 usage).
$ dyad --version
1> dyad 0.1.0

$ dyad --help
1> usage: dyad <command>
1> tokenize

$ dyad help tokenize
1> usage: dyad tokenize

$ dyad tokenize --help
1> --sentences

$ dyad
? 2
1> usage: dyad <command>

$ dyad frobnicate
? 2
2> dyad: 'frobnicate' is not a dyad command

$ dyad tokenize --bogus sample.txt
? 2
2> dyad tokenize: unknown option

$ dyad eval tokenize
? 2
2> needs a gold CoNLL-U file
