// The labrun command: parses arguments, runs labs, prints diagnostics and sets the exit status.
// First, the BLAS kernel: this may start the process again (see BLASKernelChoice).
BLASKernelChoice.startAgainIfNeeded()
LabrunCommand.runAndExit()
