"""Error reports that cannot carry what someone typed.

Set ``DEFAULT_EXCEPTION_REPORTER_FILTER`` to ``ConfidentialExceptionReporterFilter``: when
an error report is made (the 500 email to admins, or any handler using Django's exception
reporter), every POST value and every frame's local variables are replaced by
``********************``, whether or not the view remembered ``sensitive_post_parameters``.
Free text may hold details of people practitioners work with, and the guard's promise is
that nothing blocked is stored anywhere, error reports included. Tracebacks still show
file, line and function, which is what debugging needs.
"""

from django.views.debug import SafeExceptionReporterFilter


class ConfidentialExceptionReporterFilter(SafeExceptionReporterFilter):
    def get_post_parameters(self, request):
        if request is None:
            return {}
        if not self.is_active(request):
            return request.POST
        cleansed = request.POST.copy()
        for key in cleansed:
            cleansed[key] = self.cleansed_substitute
        return cleansed

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]
