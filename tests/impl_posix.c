/* The POSIX TCP port implementation. */
#define BOOOPLY_POSIX_IMPLEMENTATION
#include "ports/boooply_posix.h"
