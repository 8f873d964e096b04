from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views
from .forms import LoginForm, SetNewPasswordForm

app_name = "accounts"

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
         name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("meldingen/", views.preferences, name="preferences"),
    path("password/change/",
         auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("accounts:password-change-done")),
         name="password-change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        success_url=reverse_lazy("accounts:password-reset-done"),
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
    ), name="password-reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password-reset-done"),
    # post_reset_login stays off (Django's default): a reset never signs in past the login throttle.
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        form_class=SetNewPasswordForm, post_reset_login=False,
        success_url=reverse_lazy("accounts:password-reset-complete")
    ), name="password-reset-confirm"),
    path("password/reset/complete/", auth_views.PasswordResetCompleteView.as_view(),
         name="password-reset-complete"),
]
