/* kqueue/kevent over epoll (to be written): the hooks other subsystems call. */
#include "handlers.h"

/* An fd is about to be closed (close, dup2 onto it, closefrom): its knotes go. */
void kqueue_fd_closed(int fd)
{
	(void)fd;
}

/* In a fork child: kqueues are not inherited on FreeBSD. */
void kqueue_after_fork(void)
{
}
