# SPDX-License-Identifier: GPL-3.0-or-later
# A run spread over processes: packed statistics (analysis) and a forecast's parts, merged
# (run). These run in every build; with SHIPCAST_MPI the same programs and the command also
# run under mpirun (label mpi).
shipcast_add_test(packed test_packed.c shipcast_analysis)
target_link_options(test_packed PRIVATE -Wl,--wrap=calloc)
shipcast_add_test(cluster test_cluster.c shipcast_run)

if(SHIPCAST_MPI)
  # Open MPI refuses root unless told; CI runs as root.
  set(mpi_env OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1)
  set(mpirun ${MPIEXEC_EXECUTABLE} --oversubscribe --allow-run-as-root)
  add_test(NAME mpi-unit COMMAND ${mpirun} ${MPIEXEC_NUMPROC_FLAG} 3 $<TARGET_FILE:test_cluster>
           WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
  set_tests_properties(mpi-unit PROPERTIES LABELS mpi ENVIRONMENT "${mpi_env}")
  # tests/mpi_test.sh CASE: the command under mpirun
  foreach(case ranks kill bad-input rank-failure sigint)
    add_test(NAME mpi-${case}
             COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/mpi_test.sh $<TARGET_FILE:shipcast>
                     ${PROJECT_SOURCE_DIR} ${case} ${MPIEXEC_EXECUTABLE})
    set_tests_properties(mpi-${case} PROPERTIES LABELS mpi ENVIRONMENT "${mpi_env}")
  endforeach()
  set_tests_properties(packed cluster PROPERTIES LABELS mpi)
endif()
