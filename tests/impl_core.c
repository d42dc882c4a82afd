/* The boooply.h implementation, compiled on its own as a device would. */
#define BOOOPLY_IMPLEMENTATION
#include "boooply.h"
