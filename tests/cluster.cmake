# SPDX-License-Identifier: GPL-3.0-or-later
# A run spread over processes: packed statistics (analysis).
shipcast_add_test(packed test_packed.c shipcast_analysis)
target_link_options(test_packed PRIVATE -Wl,--wrap=calloc)
