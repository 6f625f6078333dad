# Runs a command and prints "exit=N" after its output, for the tests that
# check an exact exit status:  sh exit_status.sh COMMAND [ARG]...
"$@"
echo "exit=$?"
