// concur-bench: which concurrency model wins, for this work, on this machine.
#include "cli/app.hpp"
#include "models/mpi/entry.hpp"

int main(int argc, char** argv) {
  // An MPI worker rank serves its coordinator and never runs the CLI.
  if (auto code = concur::run_as_mpi_worker_if_launched(argc, argv)) return *code;
  return concur::cli::main(argc, argv);
}
