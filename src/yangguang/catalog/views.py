from django.http import HttpResponse


def public_list(request):
    return HttpResponse("ok")


def workbench(request):
    return HttpResponse("ok")
