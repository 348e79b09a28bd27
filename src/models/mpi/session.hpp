// The coordinator's side of the mpi model: MPI itself (initialised once,
// finalised at exit), the worker ranks (spawned on demand and kept between
// cells, or the ranks mpirun started) and the task farm.
#pragma once

#include <mpi.h>

#include <cstddef>
#include <string>
#include <vector>

#include "concur/model.hpp"

namespace concur::mpi {

// Called in main() before anything else: under mpirun (or srun) every rank
// initialises MPI; ranks > 0 serve the coordinator and return their exit
// code, rank 0 returns -1 and goes on as the CLI and coordinator.
int init_if_launched(int argc, char** argv);
int spawned_worker_main(int argc, char** argv);
int serve_coordinator(MPI_Comm comm);  // the worker loop


// Outside the timer: makes `workers` ranks ready to run `cell` (an encoded
// workload + options). Starts MPI and ranks the first time. Throws
// std::runtime_error naming the rank and host that failed.
void prepare_ranks(const std::string& cell, unsigned workers, const std::string& hostfile);

// The timed part: hands out task indices to the prepared ranks, collects
// every result. Failures (a rank died, Ctrl-C) go to RunOutcome::error;
// the workers column gets "2@vm" or "16@4 hosts" (RunOutcome::workers_label).
RunOutcome run_farm(std::size_t task_count, unsigned workers);
}  // namespace concur::mpi
