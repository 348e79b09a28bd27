// The one place a process decides whether it is an MPI worker rank rather
// than the CLI: called first thing in main(). Defined in src/models/mpi.cpp
// (returns nullopt at once when the mpi model is not built).
#pragma once

#include <optional>
#include <string>

namespace concur {

// For a worker rank (spawned by the mpi model, or rank > 0 under mpirun):
// serves tasks until the coordinator says stop and returns the exit code.
// For rank 0 under mpirun it initialises MPI and returns nullopt, and for
// every other process it does nothing and returns nullopt: run the CLI.
std::optional<int> run_as_mpi_worker_if_launched(int argc, char** argv);

// "Open MPI v4.1.4" (callable before MPI_Init), or why the model is not built.
std::string mpi_library_version();

// The hidden first argument the coordinator gives the ranks it spawns.
inline constexpr const char* kMpiWorkerFlag = "--mpi-spawned-worker";
// The hidden first argument of this program as Open MPI's remote launcher
// (plm_rsh_agent): it runs ssh and reports at once when ssh fails.
inline constexpr const char* kMpiLaunchAgentFlag = "--mpi-launch-agent";

}  // namespace concur
