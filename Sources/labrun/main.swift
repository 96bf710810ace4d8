// The labrun command: parses arguments, runs labs, prints diagnostics and sets the exit status.
LabrunCommand.runAndExit()
