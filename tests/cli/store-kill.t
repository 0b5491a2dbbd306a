# backends -- crash safety: SIGKILL `dyad ingest` 20 times at random moments (store/kill.sh).
$ sh store/kill.sh 20
1> ok 20 kills
