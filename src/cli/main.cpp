// concur-bench: which concurrency model wins, for this work, on this machine.
#include "cli/app.hpp"

int main(int argc, char** argv) { return concur::cli::main(argc, argv); }
